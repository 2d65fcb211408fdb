import type {
  IAuthenticateGeneric,
  ICredentialTestRequest,
  ICredentialType,
  INodeProperties,
} from 'n8n-workflow';

/** A dVersum API key (`ik_live_…`) and the address dVersum answers on; tested against GET /api/v1/me. */
export class DversumApi implements ICredentialType {
  name = 'dversumApi';

  displayName = 'dVersum API';

  documentationUrl = 'https://github.com/dversum/dversum-desktop/tree/main/integrations/n8n-nodes-dversum';

  properties: INodeProperties[] = [
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'http://127.0.0.1:4317',
      placeholder: 'http://127.0.0.1:4317',
      description:
        'Where dVersum answers: the desktop app on this machine, or its public address (Settings > Integrations shows it)',
      required: true,
    },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      placeholder: 'ik_live_…',
      description:
        'Created in dVersum under Settings > Integrations. The trigger needs webhooks:manage and the read permission of its events.',
      required: true,
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
  };

  test: ICredentialTestRequest = {
    request: { baseURL: '={{$credentials.baseUrl}}', url: '/api/v1/me' },
  };
}
