"""The tests, in folders that mirror the packages of `avv`: the tests of `avv.law` in `law/`
and so on; the kernel's, the command's and those that cross the layers at the top."""
