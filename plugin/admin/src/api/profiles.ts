import type {
  DataResponse,
  Profile,
  ProfileDeleted,
  ProfileInput,
  ProfileKeyInput,
} from '../../../server/src/contracts';
import { useClient, type FetchClient } from './client';

const profilePath = (documentId: string) => `/cxm/profiles/${documentId}`;
const keyPath = (documentId: string) => `/cxm/profile-keys/${documentId}`;

/** Key routes answer with the key's profile as it is now (null for a key left without one). */
const profilesApi = ({ get, post, put, del }: FetchClient) => ({
  list: async () => (await get<DataResponse<Profile[]>>('/cxm/profiles')).data.data,
  create: async (profile: ProfileInput) =>
    (await post<DataResponse<Profile>>('/cxm/profiles', profile)).data.data,
  update: async (documentId: string, profile: ProfileInput) =>
    (await put<DataResponse<Profile>>(profilePath(documentId), profile)).data.data,
  remove: async (documentId: string) =>
    (await del<DataResponse<ProfileDeleted>>(profilePath(documentId))).data.data,
  createKey: async (profileId: string, key: ProfileKeyInput) =>
    (await post<DataResponse<Profile | null>>(`${profilePath(profileId)}/keys`, key)).data.data,
  updateKey: async (documentId: string, key: ProfileKeyInput) =>
    (await put<DataResponse<Profile | null>>(keyPath(documentId), key)).data.data,
  removeKey: async (documentId: string) =>
    (await del<DataResponse<Profile | null>>(keyPath(documentId))).data.data,
});

/** `/cxm/profiles` and `/cxm/profile-keys`: profiles and their keys. */
export const useProfilesApi = () => useClient(profilesApi);
