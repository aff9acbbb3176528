"""Which claims of a map stand: extension semantics (Dung, bipolar) and gradual strengths."""
