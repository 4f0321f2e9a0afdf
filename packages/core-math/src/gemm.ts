// Facade for the gemm family: placeholder until it lands.
export {};
