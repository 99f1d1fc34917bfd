"""What was published, and the files at the site branch's root made from it: the append-only
publication record (`record`), the Atom feed (`feed`), the notices index and
`mitteilungen.json` (`notices_index`), and the set of them as the branch must hold it
(`root_files`).

Imports the domain packages and `avv.documents`; never MkDocs or mike, so the site's preview and
the publish share it.
"""
