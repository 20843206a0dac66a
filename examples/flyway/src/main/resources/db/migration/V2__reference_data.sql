-- A write to a broadcast table reaches every shard.
INSERT INTO countries (code, name) VALUES ('FR', 'France'), ('DE', 'Germany'), ('JP', 'Japan');
