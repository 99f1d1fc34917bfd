"""The site of one version: pages rendered from the model, the MkDocs adapter, the build runner.

Everything that knows MkDocs lives here (and in the thin hooks/avv_site.py), so that the domain
modules stay free of it and the site layer can be swapped. Imports every package below it
(`avv.published` for the preview of the root files), never `avv.publish`.
"""
