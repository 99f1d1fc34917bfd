"""Everything printed or downloaded, made from the model as bytes or HTML: the agreement as
Markdown for the site and the printable document (`agreement_markdown`, `document`, `avv.css`),
PDF (`pdf`), Word with tracked changes (`docx`, `tracked`), the redline and the notice as HTML,
text and e-mail (`redline_render`, `notice_render`), the synopsis, the redline's PDF
(`printable`), the customer's blanks and the sign-ready copy (`blanks`, `sign_copy`,
`sign_copy_docx`, `sign_copy.css`), and the cache of derived files (`cache`).

Imports the domain packages and the kernel's templating; never MkDocs. WeasyPrint and python-docx
load only where a file of theirs is made.
"""
