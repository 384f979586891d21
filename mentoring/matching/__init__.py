"""The matching engine (DESIGN §6): explained scores, single-candidate ranking, batch proposals.

``criteria`` defines each criterion and its weight once; ``ranking`` ranks mentors for one
candidate in a single SQL query; ``batch`` scores a whole region with NumPy and solves the
assignment problem with SciPy. Both compute the same scores (a test holds them together).
"""
