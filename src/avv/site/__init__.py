"""The site of one version: pages rendered from the model, the MkDocs adapter, the build runner.

Everything that knows MkDocs lives here (and in the thin hooks/avv_site.py), so that the domain
modules stay free of it and the site layer can be swapped; `engine` runs it on MkDocs or on
ProperDocs, whichever the environment has. Imports every package below it
(`avv.published` for the preview of the root files), never `avv.publish`.
"""

from avv.site import engine as engine  # the engine is chosen before anything imports mkdocs
