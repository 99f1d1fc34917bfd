"""Publishing onto the site branch: a scratch branch that moves the site branch in one step
(`site_branch`), and the deploy of every due version with mike, the checks against the record
and `avv verify` (`deploy`).

The top of the pipeline beside the CLI: imports everything below, including `avv.site`.
"""

from avv.site import engine as engine  # before mike, which imports mkdocs
