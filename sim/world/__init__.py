"""The community the residents live in: neighbour network, population, institutional actors."""
