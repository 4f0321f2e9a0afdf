// Facade for the blas family: placeholder until it lands.
export {};
