// Every resource a program can declare.

export * from "./sim";
export * from "./voicemail";
export * from "./call-recording";
export * from "./crisp";
export * from "./sim-order";
