"""Messages between matched people: a pairing, an ambassador route, a peer group and its coach."""
