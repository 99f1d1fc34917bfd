"""What changed between two versions: the one registry of the agreement's tables, their rows and
the columns every output prints (`tables`), the German words of a change's status (`words`),
what each change is legally (`kinds`: notice, consent, amendment, editorial), and the redline as
data, clauses aligned and words marked (`redline`).

Imports the kernel, `avv.law` and `avv.content`; returns data, never HTML.
"""
