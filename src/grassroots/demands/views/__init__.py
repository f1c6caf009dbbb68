"""Demand pages: the lists, one demand, the board and rates, and the public form."""
