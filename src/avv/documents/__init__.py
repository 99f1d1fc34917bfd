"""Documents made from the model: the agreement and its redline as Word files (`.docx`).

Each document is a pure function of the model (and of the redline) to bytes, so a build may cache
it by the content hashes of the versions it shows.
"""
