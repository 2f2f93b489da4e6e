"""Workbooks in and out: one import engine (`reading`) and one export writer (`writing`).

Every app that imports or exports a list goes through these two modules, so the limits (file
size, unpacked size, rows, columns, cell length), the cell types and the defence against
formula injection are the same everywhere (docs/architecture.md, "Spreadsheets").
"""
