"""The law: what each regulation says about time, and the deadlines it gives.

``rules`` (the regimes: national and provincial periods, each with the article behind it;
their files in ``regimes/``), ``reference`` (the reference tables of a regime),
``deadlines`` (the deadline engine and its explanations).
"""
