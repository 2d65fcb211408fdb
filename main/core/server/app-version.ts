/** The app's version, from package.json (shown in the OpenAPI document and app.info). */
import packageJson from '../../../package.json' with { type: 'json' };

export const APP_VERSION: string = packageJson.version;
