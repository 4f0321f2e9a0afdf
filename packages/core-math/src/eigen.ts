// Facade for the eigen family: placeholder until it lands.
export {};
