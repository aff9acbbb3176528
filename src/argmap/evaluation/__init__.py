"""Which claims of a map stand: extension semantics (Dung, bipolar) and gradual strengths.

`framework` turns a map into an argumentation framework, `extensions` and `gradual` apply
the semantics, `evaluate` makes one result with explanations of them, `rdf` stores every
semantics' results as the map's evaluation graph, and `apx` reads and writes the ICCMA files.
"""

from argmap.evaluation.evaluate import SEMANTICS, Result, evaluate
from argmap.evaluation.framework import Framework

__all__ = ["SEMANTICS", "Framework", "Result", "evaluate"]
