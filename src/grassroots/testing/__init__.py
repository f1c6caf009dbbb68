"""Test support shared by every app's tests: the fixture district, personas, the scope walk.

Nothing under ``src/grassroots`` outside tests and ``testing.py`` modules imports this package.
"""
