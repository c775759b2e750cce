"""A person's rights over their data: see it, download it, have it erased."""
