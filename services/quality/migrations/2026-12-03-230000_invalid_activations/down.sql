DROP TABLE invalid_activations;
