"""The law: the regimes (national and provincial periods, each with its article), the reference tables, the deadline engine."""
