"""What the portal decides by itself, without I/O: the reader's language and its words,
how money and instants read, which areas a role sees, how a problem answer maps to a
form's fields, the order of the staff's queues."""
