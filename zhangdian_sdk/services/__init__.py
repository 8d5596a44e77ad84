"""Services built on the client: bulk import, keeper, explorer, indexer and the citizen portal."""
