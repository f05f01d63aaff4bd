"""SPARQL queries: the lexer, the protocol, named example queries and fair shares."""
