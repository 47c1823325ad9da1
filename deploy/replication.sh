#!/bin/sh
# Run once by the postgres image when the primary's data is first made: let the replica connect for
# streaming replication, with the same password as the site.
echo "host replication catalogue all scram-sha-256" >> "$PGDATA/pg_hba.conf"
