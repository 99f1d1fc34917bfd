"""The rules of time, as pure functions: the last day of a period under Austrian law
(`deadline`), the objection period of VI.c and why its last day falls where it does
(`objection`), which version is in effect on a day (`timeline`), what binds whom: which
version's text binds a customer, the period of VI.c that binds everyone, the day a notice counts
as given (`binding`), and the day an e-mail notice is received (`receipt`).

Imports only the kernel (`avv.model`, `avv.errors`, `avv.german`); knows no files, git or site.
"""
