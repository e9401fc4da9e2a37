// placeholder, replaced as the core lands
export const version = '0.1.0';
