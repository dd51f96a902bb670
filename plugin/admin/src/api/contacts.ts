import type {
  ContactDetail,
  ContactErased,
  ContactList,
  ContactsQuery,
  DataResponse,
} from '../../../server/src/contracts';
import { useClient, withQuery, type FetchClient } from './client';

const contactPath = (visitorId: string) => `/cxm/contacts/${encodeURIComponent(visitorId)}`;

const contactsApi = ({ get, del }: FetchClient) => ({
  list: async ({ identified, ...query }: ContactsQuery) =>
    (
      await get<ContactList>(
        withQuery('/cxm/contacts', {
          ...query,
          identified: identified === undefined ? undefined : String(identified),
        })
      )
    ).data,
  get: async (visitorId: string) =>
    (await get<DataResponse<ContactDetail>>(contactPath(visitorId))).data.data,
  erase: async (visitorId: string) =>
    (await del<DataResponse<ContactErased>>(contactPath(visitorId))).data.data,
});

/** `/cxm/contacts`: search, one contact's profile and timeline, erasure. */
export const useContactsApi = () => useClient(contactsApi);
