"""The written notice of a version's changes as neutral blocks (`notice`), the calendar entry of
its objection period (`calendar`), and where a version's pages are, relative or under the site's
address (`links`).

Imports the kernel, `avv.law`, `avv.content` and `avv.changes`; renders nothing itself (that is
`avv.documents`).
"""
