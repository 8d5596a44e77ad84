"""Operations: deployment, upgrades, governance hand-over, compiler, local chain, demo data."""
