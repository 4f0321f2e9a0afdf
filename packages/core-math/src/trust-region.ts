// Trust-region / Newton step solver: placeholder until it lands.
export {};
