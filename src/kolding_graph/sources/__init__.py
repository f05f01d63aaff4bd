"""Sources: find the files people edit (ontology, data, shapes), parse them strictly."""
