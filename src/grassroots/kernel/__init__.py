"""The kernel: what every app builds on, and which imports none of them: data scope, lookups,
encryption, fields, tabular reading, the import engine, ID numbers, the plug-in contract and the
row writes that go around the ORM (数据范围、加密、字段、表格读取、导入引擎、证件号码、插件).
"""
