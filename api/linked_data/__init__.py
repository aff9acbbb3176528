"""Linked Data: what the IRIs of maps, nodes, the ontology and the dataset answer over HTTP."""
