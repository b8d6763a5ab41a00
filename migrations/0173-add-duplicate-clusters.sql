-- Records probably of one person, as groups: a cluster is the set of records linked by open
-- candidate pairs, directly or through others. A record in no open pair is a cluster of its
-- own and has no row here. Cluster ids are stable: a new record joins the cluster of the
-- records it pairs with; when a new pair joins two clusters the older id stays; a decision
-- ("not a duplicate", a merge) splits only the cluster it touched, and its largest part keeps
-- the id. Person ids never change (quality/clusters.ts).
CREATE TABLE duplicate_cluster (
  person_id uuid NOT NULL,
  cluster_id uuid NOT NULL,
  joined_at timestamptz NOT NULL,
  CONSTRAINT duplicate_cluster_pk PRIMARY KEY (person_id)
);
CREATE INDEX duplicate_cluster_cluster_ix ON duplicate_cluster (cluster_id);
