"""Reports read from the store: the HTML briefing."""
