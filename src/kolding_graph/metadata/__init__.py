"""The dataset description: DCAT-AP, VoID and the SPARQL service description."""
