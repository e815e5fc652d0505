// Lets `node --import` run the TypeScript sources directly (bench, demo, scripts).
import { register } from 'tsx/esm/api';
register();
