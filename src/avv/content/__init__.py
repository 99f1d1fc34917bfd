"""The content: `contract/` and `annexes/` (from a folder or a git tree) read into the typed model
with the source line of every value (`load`, `contract_text`, `yamlfields`), checked
(`validate`, `characters`, `references`), and written as canonical JSON with its content hash
(`canonical`, `avv.schema.json`).

Imports the kernel and `avv.law`; returns data, never HTML or pages.
"""
