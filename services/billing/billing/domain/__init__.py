"""Billing's rules without I/O: amounts and VAT, numbering, fees and their wording, access."""
