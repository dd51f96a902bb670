/**
 * Walking a Document Service result along what the read populated: relations, components
 * (single and repeatable) and dynamic zones, at any depth. The walk follows the entries as they
 * came back, so every populate syntax Strapi accepts (`*`, `a,b.c` lists and arrays, nested
 * objects with `fields` / `populate`, dynamic-zone `on` fragments) leads it the same way; the
 * populate only says how each related entry was read, so that an entry served in its place is
 * read the same way (its `fields` and its own populate). Media, morph relations, counts and
 * i18n's `localizations` (the same document in other locales) are no related entries.
 */

/** What the walk needs of a content type's or component's attribute. */
export interface AttributeShape {
  type: string;
  /** relations: the target uid (morph relations have none, or several) */
  target?: unknown;
  /** components: the component uid */
  component?: string;
  /** dynamic zones: the component uids it allows */
  components?: unknown;
}

/** The attributes of a content type or component by uid; undefined for an unknown uid. */
export type SchemaOf = (uid: string) => Record<string, AttributeShape> | undefined;

/** An entry or a component as the Document Service returns it. */
export type Entry = Record<string, unknown>;

/** How an entry at some position was read: the Document Service params `fields` and `populate`. */
export interface ReadShape {
  fields?: unknown;
  populate?: unknown;
}

/** The entries of one relation of one entry or component: what variants may replace. */
export interface RelationSlot {
  /** the related content type */
  uid: string;
  /** `owner[attribute]` holds the related entry (to-one) or the list (to-many) */
  owner: Entry;
  attribute: string;
  shape: ReadShape;
}

/** What the populate asks of one attribute: all of it one level deep, dotted paths below it, or an object of options. */
type AttributeRequest = true | string[] | Record<string, unknown>;

/** i18n's relation of a document to its other locales: the same content, never served in another's place. */
export const I18N_LOCALIZATIONS = 'localizations';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isRelatedEntry = (value: unknown): value is Entry =>
  isObject(value) && typeof value.documentId === 'string';

/** `'a,b'`, `['a', 'b.c']` and `['a,b']` as one list of paths. */
function pathList(populate: unknown): string[] | null {
  if (typeof populate === 'string' && populate !== '*' && populate !== 'true')
    return populate.split(',').map((path) => path.trim());
  if (Array.isArray(populate))
    return populate.flatMap((path) =>
      typeof path === 'string' ? path.split(',').map((part) => part.trim()) : []
    );
  return null;
}

/** What `populate` (at the level of an entry or component) asks of `attribute`; null: not populated. */
function requestOf(populate: unknown, attribute: string): AttributeRequest | null {
  if (populate === true || populate === '*' || populate === 'true') return true;
  const paths = pathList(populate);
  if (paths) {
    const below = paths
      .filter((path) => path.startsWith(`${attribute}.`))
      .map((path) => path.slice(attribute.length + 1));
    if (below.length > 0) return below;
    return paths.includes(attribute) || paths.includes('*') ? true : null;
  }
  if (!isObject(populate)) return null;
  const request = populate[attribute];
  if (request === true || request === '*' || request === 'true') return true;
  return isObject(request) ? request : null;
}

/** How the entries of a relation were read. */
function relationShape(request: AttributeRequest): ReadShape {
  if (request === true) return {};
  if (Array.isArray(request)) return { populate: request };
  const shape: ReadShape = {};
  if (request.fields !== undefined) shape.fields = request.fields;
  if (request.populate !== undefined) shape.populate = request.populate;
  return shape;
}

/** The populate of a component's own attributes. */
function componentPopulate(request: AttributeRequest): unknown {
  if (request === true) return undefined;
  return Array.isArray(request) ? request : request.populate;
}

/** The populate of the attributes of one component of a dynamic zone: its `on` fragment, or `populate: '*'` for all. */
function dynamicZonePopulate(request: AttributeRequest, component: string): unknown {
  if (request === true) return undefined;
  if (Array.isArray(request)) return request;
  if (isObject(request.on)) {
    const fragment = request.on[component];
    return isObject(fragment) ? fragment.populate : undefined;
  }
  return request.populate;
}

/**
 * The relation slots directly under `entries` (of content type or component `uid`): the
 * relations of the entries themselves and of their components and dynamic zones, not the
 * relations of the related entries (the next level, once they are settled).
 */
export function relationSlots(
  entries: Entry[],
  uid: string,
  populate: unknown,
  schemaOf: SchemaOf
): RelationSlot[] {
  const slots: RelationSlot[] = [];
  const visit = (container: Entry, containerUid: string, containerPopulate: unknown) => {
    const attributes = schemaOf(containerUid);
    if (!attributes) return;
    for (const [name, attribute] of Object.entries(attributes)) {
      const value = container[name];
      if (value === undefined || value === null || name === I18N_LOCALIZATIONS) continue;
      // present in the result, so populated: by default when the populate does not say how
      const request = requestOf(containerPopulate, name) ?? true;
      if (attribute.type === 'relation') {
        if (typeof attribute.target === 'string')
          slots.push({
            uid: attribute.target,
            owner: container,
            attribute: name,
            shape: relationShape(request),
          });
      } else if (attribute.type === 'component' && attribute.component) {
        const inner = componentPopulate(request);
        for (const item of Array.isArray(value) ? value : [value])
          if (isObject(item)) visit(item, attribute.component, inner);
      } else if (attribute.type === 'dynamiczone' && Array.isArray(value)) {
        for (const item of value)
          if (isObject(item) && typeof item.__component === 'string')
            visit(item, item.__component, dynamicZonePopulate(request, item.__component));
      }
    }
  };
  for (const entry of entries) visit(entry, uid, populate);
  return slots;
}

/** The related entries a slot holds now: its list, or its one entry; counts and the like are none. */
export function slotEntries(slot: RelationSlot): Entry[] {
  const value = slot.owner[slot.attribute];
  if (Array.isArray(value)) return value.filter(isRelatedEntry);
  return isRelatedEntry(value) ? [value] : [];
}

/**
 * Content types whose entries a read of `uid` can populate, through relations, components and
 * dynamic zones at any depth (`uid` itself only when a relation leads back to it).
 */
export function reachableContentTypes(uid: string, schemaOf: SchemaOf): Set<string> {
  const reached = new Set<string>();
  const seen = new Set<string>();
  const pending = [uid];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const [name, attribute] of Object.entries(schemaOf(current) ?? {})) {
      if (name === I18N_LOCALIZATIONS) continue;
      if (attribute.type === 'relation' && typeof attribute.target === 'string') {
        reached.add(attribute.target);
        pending.push(attribute.target);
      } else if (attribute.type === 'component' && attribute.component) {
        pending.push(attribute.component);
      } else if (attribute.type === 'dynamiczone' && Array.isArray(attribute.components)) {
        for (const component of attribute.components)
          if (typeof component === 'string') pending.push(component);
      }
    }
  }
  return reached;
}
