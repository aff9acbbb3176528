"""The SPARQL 1.1 Protocol endpoint: request reading, formats, engines, service description."""
