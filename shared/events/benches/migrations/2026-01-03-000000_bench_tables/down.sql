DROP TABLE bench_latency;
