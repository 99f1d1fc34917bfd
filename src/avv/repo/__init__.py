"""Git, behind one module (`gitrepo`), and the versions of the agreement read from the first-parent
history of the content (`history`).

Imports the kernel, `avv.law` and `avv.content`. No other module runs git.
"""
