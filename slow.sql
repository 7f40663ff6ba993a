SELECT pg_sleep(100);
