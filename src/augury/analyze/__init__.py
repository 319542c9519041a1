"""Analysis of one document: a spaCy pipeline with Augury's registered components."""
