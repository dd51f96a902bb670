/**
 * What visitors do, applied to their contact and visit: resolve the visitor of a request, view
 * a document, reach a goal, be exposed to an experiment, identify, give consent, arrive through
 * a tracked link. Reads go through the contact cache, every change is queued in the write buffer.
 */
import type { Core } from '@strapi/strapi';
import { newDocumentId, newTimeOrderedDocumentId } from '../../core/ids';
import { applyView, averageScores, profileScores } from '../../core/scoring';
import { matchPersona } from '../../core/persona';
import { matchCampaign } from '../../core/campaigns';
import { classifyChannel } from '../../core/channels';
import { mergeContacts } from '../../core/merge';
import type { TrackedLink } from '../../core/links';
import type { AutomationEvent } from '../../core/automation/triggers';
import { createContextReader } from '../../core/visitor-context';
import { documentKey, type Definitions } from '../definitions';
import { getService, type Service } from '../../get-service';
import type { PendingConsent, TrackedRequest } from '../../request-state';
import {
  emptyHistory,
  type Arrival,
  type CachedContact,
  type ContactRecord,
  type Identity,
  type VisitRecord,
  type Visitor,
} from './records';

interface ResolveOptions {
  /** the consent a new contact starts with */
  consent?: string | null;
  /** the request presented a valid signed id: `visitorId` */
  idPresented: boolean;
}

/** How many interests `/context` names; enough to render, too few to profile anyone. */
const TOP_INTERESTS = 3;

/** What a new visit inherits from the visit in progress (same device, same place). */
function visitorArrival(visit: VisitRecord): Arrival {
  return {
    referrer: null,
    params: {},
    landingPath: visit.landingPath,
    languages: visit.languages,
    geo: visit.geo,
    device: visit.device,
    os: visit.os,
    browser: visit.browser,
  };
}

function newContact(
  visitorId: string,
  now: number,
  consent: string | null,
  held: boolean
): ContactRecord {
  return {
    held: held ? { visits: [], interactions: [] } : undefined,
    documentId: newTimeOrderedDocumentId(now),
    visitorId,
    identified: false,
    email: null,
    externalId: null,
    consent,
    attributes: {},
    ...emptyHistory(),
    firstSeenAt: now,
    lastSeenAt: now,
    currentVisitKey: null,
  };
}

/** The persona a contact counts under in rollups: the first profile's match, if any. */
function personaOf(contact: ContactRecord): string | null {
  return Object.values(contact.personas).find((match) => match)?.persona ?? null;
}

function makeVisitor(
  contact: ContactRecord,
  visit: VisitRecord,
  defs: Definitions,
  now: number
): Visitor {
  const visitor: Visitor = {
    contact,
    visit,
    // reads through `visitor`, which a merge may point at another contact
    reader: () =>
      createContextReader({
        now,
        contact: visitor.contact,
        visit: visitor.visit,
        profiles: defs.profiles,
      }),
  };
  return visitor;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings').get();
  const definitionsService = () => getService(strapi, 'definitions');
  const definitions = (): Promise<Definitions> => definitionsService().get();
  // looked up once, on first use: the services exist only after every factory is registered
  let contactCache: Service<'contact-cache'> | undefined;
  let writeBuffer: Service<'write-buffer'> | undefined;
  const cache = () => (contactCache ??= getService(strapi, 'contact-cache'));
  const buffer = () => (writeBuffer ??= getService(strapi, 'write-buffer'));
  let automationsService: Service<'automations'> | undefined;
  const automations = () => (automationsService ??= getService(strapi, 'automations'));

  /** The visitor did something worth keeping: a held contact is written from now on. */
  const keep = (visitor: Visitor) => buffer().release(visitor.contact);

  /** Tells automation what the visitor did; it matches triggers in memory and queues enrolments (of a kept contact). */
  function notify(visitor: Visitor, event: AutomationEvent, now: number): void {
    let read: ReturnType<Visitor['reader']> | undefined;
    const enrolments = automations().onVisitorEvent(
      event,
      {
        contactId: visitor.contact.visitorId,
        // the context is built only when a trigger's condition asks for it
        read: (path) => (read ??= visitor.reader())(path),
      },
      now
    );
    if (enrolments > 0) keep(visitor);
  }

  /** A new visit of the contact on the device `visitorId`, numbered among all the contact's visits. */
  function startVisit(
    contact: ContactRecord,
    visitorId: string,
    arrival: Arrival,
    defs: Definitions,
    now: number
  ): VisitRecord {
    contact.visitCount += 1;
    const campaign = matchCampaign(defs.campaigns, arrival.params);
    const traffic = classifyChannel({
      params: arrival.params,
      referrer: arrival.referrer,
      ownHosts: settings().ownHosts,
    });
    const visit: VisitRecord = {
      documentId: newTimeOrderedDocumentId(now),
      visitKey: newDocumentId(),
      contactId: contact.visitorId,
      visitorId,
      number: contact.visitCount,
      startedAt: now,
      lastActivityAt: now,
      pageCount: 0,
      value: 0,
      goals: [],
      channel: campaign?.channel ?? traffic.channel,
      campaign: campaign?.slug ?? null,
      referrer: arrival.referrer,
      utm: Object.fromEntries(
        Object.entries(arrival.params)
          .filter(([name]) => name.startsWith('utm_'))
          .map(([name, value]) => [name.slice(4), value])
      ),
      landingPath: arrival.landingPath,
      geo: arrival.geo,
      device: arrival.device,
      os: arrival.os,
      browser: arrival.browser,
      languages: arrival.languages,
    };
    // a merged device's visit is found by its device (contact-cache), the contact row names its own device's
    if (visitorId === contact.visitorId) contact.currentVisitKey = visit.visitKey;
    return visit;
  }

  function recordVisitStart(
    contact: ContactRecord,
    visit: VisitRecord,
    isNewContact: boolean,
    now: number
  ): void {
    const data = {
      campaign: visit.campaign,
      channel: visit.channel,
      persona: personaOf(contact),
      newContact: isNewContact,
    };
    buffer().record(contact, visit, 'visit', { data }, now);
  }

  /** A goal adds its points to the contact and the visit: once per visit, or every time for a repeatable goal. */
  function reachGoal(visitor: Visitor, slug: string, defs: Definitions, now: number): boolean {
    const goal = defs.goals.get(slug);
    const { contact, visit } = visitor;
    if (!goal || (!goal.repeatable && visit.goals.includes(slug))) return false;
    if (!visit.goals.includes(slug)) visit.goals.push(slug);
    visit.value += goal.points;
    contact.engagementValue += goal.points;
    const history = contact.goals[slug];
    contact.goals[slug] = { count: (history?.count ?? 0) + 1, lastAt: now };
    const data = {
      channel: visit.channel,
      campaign: visit.campaign,
      persona: personaOf(contact),
      conversion: goal.isConversion,
    };
    buffer().record(contact, visit, 'goal', { goal: slug, points: goal.points, data }, now);
    buffer().markDirty(contact, visit);
    notify(visitor, { type: 'goal', goal: slug }, now);
    return true;
  }

  function rematchPersonas(contact: ContactRecord, defs: Definitions): void {
    for (const profile of defs.profiles) {
      const match = matchPersona(
        contact.profiles[profile.slug],
        profile,
        defs.personas.get(profile.slug) ?? [],
        { minViews: settings().personaMinViews }
      );
      contact.personas[profile.slug] = match
        ? { persona: match.persona, distance: match.distance }
        : null;
    }
  }

  /**
   * Moves everything of `absorbed` into `survivor`: profile, goals, value and visit count add up,
   * visits and interactions are re-assigned, and the absorbed contact is left as a pointer so
   * that its cookie keeps working on the device that has it. The device keeps its own visit in
   * progress, now the survivor's latest; a contact merged into a known one was no new contact.
   */
  async function merge(
    survivor: ContactRecord,
    absorbed: ContactRecord,
    visitor: Visitor,
    defs: Definitions,
    now: number
  ): Promise<void> {
    await buffer().flush();
    Object.assign(survivor, mergeContacts(survivor, absorbed, defs.profiles, now));
    survivor.experiments = { ...absorbed.experiments, ...survivor.experiments };
    rematchPersonas(survivor, defs);
    await buffer().recreditVisitStarts({ contactId: absorbed.visitorId }, { newContact: false });
    await buffer().moveContact(absorbed, survivor);
    const { visit } = visitor;
    visit.contactId = survivor.visitorId;
    visit.number = survivor.visitCount;
    cache().attachDevice(visit.visitorId, absorbed.visitorId, survivor, visit);
    visitor.contact = survivor;
    buffer().markDirty(survivor, visit);
  }

  /** The contact a tracked link was sent to; the visitor who clicks it becomes (is merged into) that contact. */
  async function adoptContact(
    visitor: Visitor,
    contactVisitorId: string,
    now: number
  ): Promise<boolean> {
    if (contactVisitorId === visitor.contact.visitorId) return false;
    const target = await cache().lookup(contactVisitorId, now);
    if (!target) return false;
    keep(visitor); // its rows are moved to the target, so they must be queued first
    await merge(target.record, visitor.contact, visitor, await definitions(), now);
    return true;
  }

  /** An arrival through a campaign's tracked link starts a visit credited to that campaign and its channel. */
  async function startCampaignVisit(
    visitor: Visitor,
    campaignSlug: string | undefined,
    now: number
  ): Promise<void> {
    keep(visitor);
    const defs = await definitions();
    const campaign = defs.campaigns.find((candidate) => candidate.slug === campaignSlug);
    const fresh = visitor.visit.pageCount === 0 && !visitor.visit.campaign;
    const visit = fresh
      ? visitor.visit
      : startVisit(
          visitor.contact,
          visitor.visit.visitorId,
          visitorArrival(visitor.visit),
          defs,
          now
        );
    visit.campaign = campaign?.slug ?? null;
    visit.channel = campaign?.channel ?? 'email';
    // a fresh visit was counted under a first guess of campaign and channel: credit the link's instead
    if (fresh)
      await buffer().recreditVisitStarts(
        { visitKey: visit.visitKey },
        { campaign: visit.campaign, channel: visit.channel }
      );
    else recordVisitStart(visitor.contact, visit, false, now);
    buffer().record(visitor.contact, visit, 'click', { data: { campaign: visit.campaign } }, now);
    const entry = cache().peek(visit.visitorId);
    if (entry) entry.visit = visit;
    visitor.visit = visit;
    buffer().markDirty(visitor.contact, visit);
    notify(visitor, { type: 'visit', campaign: visit.campaign, channel: visit.channel }, now);
  }

  /** The visitor of a request (see `resolve`), its contact found (or not) in the cache or the database. */
  function resolveWith(
    found: CachedContact | null,
    visitorId: string,
    describeArrival: () => Arrival,
    now: number,
    { consent = 'implied', idPresented }: ResolveOptions,
    defs: Definitions
  ): Visitor {
    if (found?.record.held && idPresented) buffer().release(found.record);
    const isNew = !found && !idPresented;
    const entry: CachedContact = found ?? {
      record: newContact(visitorId, now, consent, !idPresented),
      visit: null,
    };
    if (!found) cache().remember(entry, now);
    const contact = entry.record;
    const timeoutMs = settings().visitTimeoutMinutes * 60_000;
    const startsVisit = !entry.visit || now - entry.visit.lastActivityAt > timeoutMs;
    if (startsVisit) {
      entry.visit = startVisit(contact, visitorId, describeArrival(), defs, now);
      recordVisitStart(contact, entry.visit, isNew, now);
    }
    const visit = entry.visit!;
    visit.lastActivityAt = Math.max(visit.lastActivityAt, now);
    contact.lastSeenAt = Math.max(contact.lastSeenAt, now);
    buffer().markDirty(contact, visit);
    const visitor = makeVisitor(contact, visit, defs, now);
    if (startsVisit)
      notify(visitor, { type: 'visit', campaign: visit.campaign, channel: visit.channel }, now);
    return visitor;
  }

  async function resolveLoading(
    visitorId: string,
    describeArrival: () => Arrival,
    now: number,
    options: ResolveOptions
  ): Promise<Visitor> {
    const defs = await definitions();
    const found = options.idPresented ? await cache().lookup(visitorId, now) : null;
    return resolveWith(found, visitorId, describeArrival, now, options, defs);
  }

  /** Records the visitor's consent (none / analytics / personalization) on the contact and in its timeline. */
  function setConsent(visitor: Visitor, consent: string, now: number): void {
    keep(visitor);
    visitor.contact.consent = consent;
    buffer().record(visitor.contact, visitor.visit, 'consent', { data: { consent } }, now);
    buffer().markDirty(visitor.contact, visitor.visit);
  }

  return {
    /**
     * The contact and visit of this request: a known visitor id loads (or re-creates) its
     * contact, no id makes a new one, held (no row) until it comes back or does something; a
     * visit starts after the configured inactivity. A valid id without a row (a held contact
     * this instance never saw or no longer holds) is no new contact: its first request counted it.
     * A visitor from the contact cache is resolved at once, without a promise: most requests
     * are of recent visitors.
     */
    resolve(
      visitorId: string,
      describeArrival: () => Arrival,
      now: number,
      options: ResolveOptions
    ): Visitor | Promise<Visitor> {
      const defs = definitionsService().current();
      // an id not presented was made for this request: no contact has it yet
      const found = options.idPresented ? cache().fresh(visitorId, now) : null;
      if (defs && found !== undefined)
        return resolveWith(found, visitorId, describeArrival, now, options, defs);
      return resolveLoading(visitorId, describeArrival, now, options);
    },

    /**
     * A view of a document: its tag's key values go into the contact's profiles, personas are
     * re-matched and the tag's goals are reached. Returns whether the document is tagged.
     */
    recordView(
      visitor: Visitor,
      uid: string,
      documentId: string,
      defs: Definitions,
      now: number
    ): boolean {
      const { contact, visit } = visitor;
      visit.pageCount += 1;
      const tag = defs.tags.get(documentKey(uid, documentId));
      // only views that mean something to the profile go into the log; every view counts in the visit
      if (tag) {
        buffer().record(
          contact,
          visit,
          'view',
          { contentUid: uid, contentDocumentId: documentId },
          now
        );
        for (const profile of defs.profiles) {
          if (!profile.keys.some((key) => tag.values[key.slug] !== undefined)) continue;
          const before = profileScores(contact.profiles[profile.slug], profile, now);
          contact.profiles[profile.slug] = applyView(
            contact.profiles[profile.slug],
            profile,
            tag.values,
            now
          );
          const match = matchPersona(
            contact.profiles[profile.slug],
            profile,
            defs.personas.get(profile.slug) ?? [],
            { minViews: settings().personaMinViews }
          );
          const previous = contact.personas[profile.slug]?.persona ?? null;
          contact.personas[profile.slug] = match
            ? { persona: match.persona, distance: match.distance }
            : null;
          const after = profileScores(contact.profiles[profile.slug], profile, now);
          for (const key of profile.keys) {
            if (tag.values[key.slug] === undefined) continue;
            const score = { previous: before[key.slug] ?? 0, score: after[key.slug] ?? 0 };
            notify(visitor, { type: 'score', key: key.slug, ...score }, now);
          }
          if ((match?.persona ?? null) !== previous) {
            const change = { profile: profile.slug, from: previous, to: match?.persona ?? null };
            buffer().record(contact, visit, 'persona', { data: change }, now);
            notify(visitor, { type: 'persona', ...change }, now);
          }
        }
        for (const goal of tag.goals) reachGoal(visitor, goal, defs, now);
        notify(visitor, { type: 'context' }, now);
      }
      buffer().markDirty(contact, visit);
      return !!tag;
    },

    reachGoal,
    rematchPersonas,
    keep,

    /** The visitor's first exposure to an experiment: the assignment is stored (sticky) and the exposure recorded once. */
    recordExposure(visitor: Visitor, experiment: string, variant: string, now: number): void {
      keep(visitor); // results count exposed visitors, one-hit ones too
      const { contact, visit } = visitor;
      contact.experiments[experiment] = { variant, at: now };
      buffer().record(contact, visit, 'exposure', { experiment, variant }, now);
      buffer().markDirty(contact, visit);
    },

    /**
     * Links the visitor to an e-mail address or external id. When that person is known already,
     * this visitor's contact is merged into the known one, which the visitor is from now on.
     */
    async identify(
      visitor: Visitor,
      identity: Identity,
      now: number
    ): Promise<{ merged: boolean }> {
      keep(visitor);
      const defs = await definitions();
      await buffer().flush(); // the known person may have been identified moments ago, still in the buffer
      const known = await cache().findIdentified(identity);
      const merged = !!known && known.visitorId !== visitor.contact.visitorId;
      if (known && merged) await merge(known, visitor.contact, visitor, defs, now);
      const contact = visitor.contact;
      contact.identified = true;
      contact.email = identity.email?.toLowerCase() ?? contact.email;
      contact.externalId = identity.externalId ?? contact.externalId;
      contact.attributes = { ...contact.attributes, ...identity.attributes };
      buffer().record(
        contact,
        visitor.visit,
        'identify',
        { data: { merged, by: identity.email ? 'email' : 'externalId' } },
        now
      );
      buffer().markDirty(contact, visitor.visit);
      notify(visitor, { type: 'identified' }, now);
      return { merged };
    },

    adoptContact,
    startCampaignVisit,

    /** A click on a tracked link: the visitor becomes the contact it was sent to, and the visit is credited to its campaign. */
    async followTrackedLink(visitor: Visitor, link: TrackedLink, now: number): Promise<void> {
      if (link.contact) await adoptContact(visitor, link.contact, now);
      await startCampaignVisit(visitor, link.campaign, now);
    },

    setConsent,

    /**
     * Consent given in a request, tracked or waiting for consent. `none`: a known visitor's
     * withdrawal is kept on record. Otherwise a waiting request starts tracking with it.
     * Returns whether the visitor is tracked now.
     */
    async giveConsent(
      consent: string,
      tracked: TrackedRequest | undefined,
      pending: PendingConsent | undefined,
      now: number
    ): Promise<boolean> {
      if (consent === 'none') {
        if (tracked) setConsent(tracked.visitor, consent, now);
        return false;
      }
      const request = tracked ?? (await pending?.start(consent));
      if (request) setConsent(request.visitor, consent, now);
      return !!request;
    },

    /** The visitor's non-personal context for client-side rendering: no ids, no raw scores. */
    async publicContext(visitor: Visitor) {
      const defs = await definitions();
      const { contact, visit } = visitor;
      const personas = Object.entries(contact.personas).flatMap(([profile, match]) =>
        match
          ? [
              {
                profile,
                slug: match.persona,
                name: defs.personaNames.get(match.persona) ?? match.persona,
              },
            ]
          : []
      );
      const topInterests = defs.profiles
        .flatMap((profile) =>
          Object.entries(averageScores(contact.profiles[profile.slug], profile))
        )
        .filter(([, average]) => average > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, TOP_INTERESTS)
        .map(([slug]) => ({ slug, name: defs.keyNames.get(slug) ?? slug }));
      return {
        tracked: true,
        personas,
        topInterests,
        visit: {
          number: visit.number,
          returning: visit.number > 1,
          channel: visit.channel,
          campaign: visit.campaign,
          device: visit.device,
        },
        geo: visit.geo
          ? {
              country: visit.geo.country ?? null,
              region: visit.geo.region ?? null,
              city: visit.geo.city ?? null,
            }
          : null,
        identified: contact.identified,
        consent: contact.consent,
      };
    },
  };
};
