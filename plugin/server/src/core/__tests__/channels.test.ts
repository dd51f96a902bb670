import fc from 'fast-check';
import {
  CHANNELS,
  classifyChannel,
  referrerHost,
  type Channel,
  type TrafficSource,
} from '../channels';

const OWN_HOSTS = ['www.example-shop.de'];

interface Case {
  name: string;
  referrer?: string | null;
  params?: Record<string, string>;
  channel: Channel;
  /** checked when given; null means "no source" */
  source?: string | null;
  medium?: string;
}

const classify = ({ referrer, params = {} }: Pick<Case, 'referrer' | 'params'>) =>
  classifyChannel({ params, referrer, ownHosts: OWN_HOSTS });

const searchEngines: Case[] = [
  {
    name: 'google.com',
    referrer: 'https://www.google.com/',
    channel: 'organic-search',
    source: 'google',
    medium: 'organic',
  },
  {
    name: 'google.de',
    referrer: 'https://www.google.de/',
    channel: 'organic-search',
    source: 'google',
  },
  {
    name: 'google.co.uk',
    referrer: 'https://www.google.co.uk/',
    channel: 'organic-search',
    source: 'google',
  },
  {
    name: 'google.com.au',
    referrer: 'https://www.google.com.au/',
    channel: 'organic-search',
    source: 'google',
  },
  {
    name: 'google.co.jp without www',
    referrer: 'https://google.co.jp/',
    channel: 'organic-search',
    source: 'google',
  },
  {
    name: 'news.google.com',
    referrer: 'https://news.google.com/articles/abc',
    channel: 'organic-search',
    source: 'google',
  },
  {
    name: 'Google in upper case with port',
    referrer: 'HTTPS://WWW.GOOGLE.DE:443/url?q=x',
    channel: 'organic-search',
    source: 'google',
  },
  {
    name: 'bing.com',
    referrer: 'https://www.bing.com/search?q=hybrid+limousine',
    channel: 'organic-search',
    source: 'bing',
  },
  {
    name: 'cn.bing.com',
    referrer: 'https://cn.bing.com/',
    channel: 'organic-search',
    source: 'bing',
  },
  {
    name: 'DuckDuckGo',
    referrer: 'https://duckduckgo.com/',
    channel: 'organic-search',
    source: 'duckduckgo',
  },
  {
    name: 'Ecosia',
    referrer: 'https://www.ecosia.org/search?q=leasing',
    channel: 'organic-search',
    source: 'ecosia',
  },
  {
    name: 'search.yahoo.com',
    referrer: 'https://search.yahoo.com/',
    channel: 'organic-search',
    source: 'yahoo',
  },
  {
    name: 'de.search.yahoo.com',
    referrer: 'https://de.search.yahoo.com/search?p=x',
    channel: 'organic-search',
    source: 'yahoo',
  },
  {
    name: 'yahoo.co.jp',
    referrer: 'https://search.yahoo.co.jp/',
    channel: 'organic-search',
    source: 'yahoo',
  },
  {
    name: 'yandex.ru',
    referrer: 'https://yandex.ru/',
    channel: 'organic-search',
    source: 'yandex',
  },
  {
    name: 'yandex.com.tr',
    referrer: 'https://yandex.com.tr/search/',
    channel: 'organic-search',
    source: 'yandex',
  },
  { name: 'ya.ru', referrer: 'https://ya.ru/', channel: 'organic-search', source: 'yandex' },
  {
    name: 'Baidu',
    referrer: 'https://www.baidu.com/link?url=abc',
    channel: 'organic-search',
    source: 'baidu',
  },
  {
    name: 'mobile Baidu',
    referrer: 'https://m.baidu.com/',
    channel: 'organic-search',
    source: 'baidu',
  },
  {
    name: 'Startpage',
    referrer: 'https://www.startpage.com/',
    channel: 'organic-search',
    source: 'startpage',
  },
  {
    name: 'Qwant',
    referrer: 'https://www.qwant.com/?q=x',
    channel: 'organic-search',
    source: 'qwant',
  },
  {
    name: 'Brave Search',
    referrer: 'https://search.brave.com/search?q=x',
    channel: 'organic-search',
    source: 'brave',
  },
  {
    name: 'Ask',
    referrer: 'https://www.ask.com/web?q=x',
    channel: 'organic-search',
    source: 'ask',
  },
  {
    name: 'Naver',
    referrer: 'https://search.naver.com/search.naver?query=x',
    channel: 'organic-search',
    source: 'naver',
  },
  {
    name: 'Seznam',
    referrer: 'https://search.seznam.cz/',
    channel: 'organic-search',
    source: 'seznam',
  },
];

// Look-alikes must not borrow a search engine's name: matching is by whole labels.
const lookalikes: Case[] = [
  {
    name: 'evil-google.com',
    referrer: 'https://evil-google.com/',
    channel: 'referral',
    source: 'evil-google.com',
  },
  {
    name: 'google.com.evil.io',
    referrer: 'https://google.com.evil.io/',
    channel: 'referral',
    source: 'google.com.evil.io',
  },
  {
    name: 'google.example.com',
    referrer: 'https://google.example.com/',
    channel: 'referral',
    source: 'google.example.com',
  },
  {
    name: 'notbing.com',
    referrer: 'https://notbing.com/',
    channel: 'referral',
    source: 'notbing.com',
  },
  {
    name: 'brave.com is the browser site, not Brave Search',
    referrer: 'https://brave.com/',
    channel: 'referral',
    source: 'brave.com',
  },
];

const paidClicks: Case[] = [
  {
    name: 'gclid on google.com',
    referrer: 'https://www.google.com/',
    params: { gclid: 'Cj0KCQ' },
    channel: 'paid-search',
    source: 'google',
    medium: 'cpc',
  },
  {
    name: 'gclid on google.de',
    referrer: 'https://www.google.de/',
    params: { gclid: 'EAIaIQ' },
    channel: 'paid-search',
    source: 'google',
  },
  {
    name: 'gclid without referrer (app, stripped referrer)',
    params: { gclid: 'x' },
    channel: 'paid-search',
    source: 'google',
  },
  {
    name: 'gbraid (iOS app campaigns)',
    params: { gbraid: '0AAAAA' },
    channel: 'paid-search',
    source: 'google',
  },
  {
    name: 'wbraid (iOS web campaigns)',
    params: { wbraid: 'CjkKC' },
    channel: 'paid-search',
    source: 'google',
  },
  {
    name: 'msclkid on bing.com',
    referrer: 'https://www.bing.com/',
    params: { msclkid: 'abc123' },
    channel: 'paid-search',
    source: 'bing',
  },
  {
    name: 'dclid is display',
    params: { dclid: 'CK' },
    channel: 'display',
    source: 'google',
    medium: 'display',
  },
  {
    name: 'blank gclid is ignored',
    referrer: 'https://www.google.de/',
    params: { gclid: '  ' },
    channel: 'organic-search',
  },
];

const social: Case[] = [
  {
    name: 'facebook.com',
    referrer: 'https://www.facebook.com/',
    channel: 'social',
    source: 'facebook',
    medium: 'social',
  },
  {
    name: 'm.facebook.com',
    referrer: 'https://m.facebook.com/',
    channel: 'social',
    source: 'facebook',
  },
  {
    name: 'l.facebook.com link shim',
    referrer: 'https://l.facebook.com/l.php?u=x',
    channel: 'social',
    source: 'facebook',
  },
  {
    name: 'lm.facebook.com',
    referrer: 'https://lm.facebook.com/',
    channel: 'social',
    source: 'facebook',
  },
  // Facebook appends fbclid to organic shares too, so it alone is not paid.
  { name: 'fbclid alone', params: { fbclid: 'IwAR0' }, channel: 'social', source: 'facebook' },
  {
    name: 'fbclid via l.facebook.com',
    referrer: 'https://l.facebook.com/',
    params: { fbclid: 'IwAR0' },
    channel: 'social',
    source: 'facebook',
  },
  {
    name: 'instagram.com',
    referrer: 'https://www.instagram.com/',
    channel: 'social',
    source: 'instagram',
  },
  {
    name: 'l.instagram.com',
    referrer: 'https://l.instagram.com/?u=x',
    channel: 'social',
    source: 'instagram',
  },
  {
    name: 'linkedin.com',
    referrer: 'https://www.linkedin.com/feed/',
    channel: 'social',
    source: 'linkedin',
  },
  {
    name: 'lnkd.in short link',
    referrer: 'https://lnkd.in/abc',
    channel: 'social',
    source: 'linkedin',
  },
  { name: 't.co', referrer: 'https://t.co/xyz', channel: 'social', source: 'twitter' },
  { name: 'twitter.com', referrer: 'https://twitter.com/', channel: 'social', source: 'twitter' },
  { name: 'x.com', referrer: 'https://x.com/', channel: 'social', source: 'twitter' },
  {
    name: 'youtube.com',
    referrer: 'https://www.youtube.com/',
    channel: 'social',
    source: 'youtube',
  },
  {
    name: 'm.youtube.com',
    referrer: 'https://m.youtube.com/watch?v=1',
    channel: 'social',
    source: 'youtube',
  },
  {
    name: 'pinterest.com',
    referrer: 'https://www.pinterest.com/',
    channel: 'social',
    source: 'pinterest',
  },
  {
    name: 'pinterest.de',
    referrer: 'https://www.pinterest.de/',
    channel: 'social',
    source: 'pinterest',
  },
  {
    name: 'pinterest.co.uk',
    referrer: 'https://uk.pinterest.co.uk/',
    channel: 'social',
    source: 'pinterest',
  },
  {
    name: 'reddit.com',
    referrer: 'https://old.reddit.com/r/cars',
    channel: 'social',
    source: 'reddit',
  },
  { name: 'tiktok.com', referrer: 'https://www.tiktok.com/', channel: 'social', source: 'tiktok' },
  { name: 'xing.com', referrer: 'https://www.xing.com/', channel: 'social', source: 'xing' },
  {
    name: 'threads.net',
    referrer: 'https://www.threads.net/',
    channel: 'social',
    source: 'threads',
  },
  { name: 'bsky.app', referrer: 'https://bsky.app/', channel: 'social', source: 'bluesky' },
  {
    name: 'mastodon.social',
    referrer: 'https://mastodon.social/',
    channel: 'social',
    source: 'mastodon',
  },
  {
    name: 'WhatsApp Web',
    referrer: 'https://web.whatsapp.com/',
    channel: 'social',
    source: 'whatsapp',
  },
  { name: 't.me', referrer: 'https://t.me/channel', channel: 'social', source: 'telegram' },
  { name: 'ttclid', params: { ttclid: 'E.C.P' }, channel: 'social', source: 'tiktok' },
  { name: 'li_fat_id', params: { li_fat_id: 'abc' }, channel: 'social', source: 'linkedin' },
  { name: 'twclid', params: { twclid: 'abc' }, channel: 'social', source: 'twitter' },
];

const webmail: Case[] = [
  {
    name: 'Gmail',
    referrer: 'https://mail.google.com/',
    channel: 'email',
    source: 'gmail',
    medium: 'email',
  },
  {
    name: 'Outlook.com',
    referrer: 'https://outlook.live.com/',
    channel: 'email',
    source: 'outlook',
  },
  {
    name: 'Outlook on the web',
    referrer: 'https://outlook.office.com/mail/',
    channel: 'email',
    source: 'outlook',
  },
  {
    name: 'Outlook Office 365',
    referrer: 'https://outlook.office365.com/',
    channel: 'email',
    source: 'outlook',
  },
  {
    name: 'Yahoo Mail',
    referrer: 'https://mail.yahoo.com/',
    channel: 'email',
    source: 'yahoo-mail',
  },
  {
    name: 'Yahoo Mail Germany',
    referrer: 'https://de.mail.yahoo.com/',
    channel: 'email',
    source: 'yahoo-mail',
  },
  {
    name: 'GMX navigator',
    referrer: 'https://navigator-bs.gmx.net/mail',
    channel: 'email',
    source: 'gmx',
  },
  { name: 'gmx.de', referrer: 'https://www.gmx.de/', channel: 'email', source: 'gmx' },
  { name: 'web.de', referrer: 'https://web.de/', channel: 'email', source: 'web.de' },
  {
    name: 'T-Online',
    referrer: 'https://email.t-online.de/',
    channel: 'email',
    source: 't-online',
  },
  { name: 'Posteo', referrer: 'https://posteo.de/webmail/', channel: 'email', source: 'posteo' },
  { name: 'Proton Mail', referrer: 'https://mail.proton.me/', channel: 'email', source: 'proton' },
  {
    name: 'iCloud Mail',
    referrer: 'https://www.icloud.com/mail',
    channel: 'email',
    source: 'icloud',
  },
  {
    name: 'unlisted webmail.* host',
    referrer: 'https://webmail.strato.de/',
    channel: 'email',
    source: 'webmail.strato.de',
  },
  // A mail. subdomain is webmail even under a search engine's brand.
  {
    name: 'mail.yandex.ru',
    referrer: 'https://mail.yandex.ru/',
    channel: 'email',
    source: 'mail.yandex.ru',
  },
];

const newsletters: Case[] = [
  {
    name: 'utm_medium=email',
    params: { utm_source: 'newsletter', utm_medium: 'email' },
    channel: 'email',
    source: 'newsletter',
    medium: 'email',
  },
  {
    name: 'utm_medium=Email (casing)',
    params: { utm_medium: 'Email' },
    channel: 'email',
    medium: 'email',
  },
  {
    name: 'utm_medium=" EMAIL " (padding)',
    params: { utm_medium: ' EMAIL ' },
    channel: 'email',
    medium: 'email',
  },
  {
    name: 'utm_medium=newsletter from Mailchimp',
    params: { utm_source: 'Mailchimp', utm_medium: 'newsletter' },
    channel: 'email',
    source: 'mailchimp',
  },
  { name: 'utm_medium=e-mail', params: { utm_medium: 'e-mail' }, channel: 'email' },
  { name: 'utm_medium=e_mail', params: { utm_medium: 'e_mail' }, channel: 'email' },
  { name: 'utm_medium=mail', params: { utm_medium: 'mail' }, channel: 'email' },
  {
    name: 'utm_source=newsletter alone',
    params: { utm_source: 'newsletter' },
    channel: 'email',
    source: 'newsletter',
    medium: 'email',
  },
  { name: 'utm_source=mailchimp alone', params: { utm_source: 'mailchimp' }, channel: 'email' },
  { name: 'utm_source=sendinblue alone', params: { utm_source: 'sendinblue' }, channel: 'email' },
  { name: 'utm_source=brevo alone', params: { utm_source: 'brevo' }, channel: 'email' },
  { name: 'utm_source=klaviyo alone', params: { utm_source: 'klaviyo' }, channel: 'email' },
  { name: 'utm_source=hs_email (HubSpot)', params: { utm_source: 'hs_email' }, channel: 'email' },
  {
    name: 'newsletter link opened in Gmail',
    referrer: 'https://mail.google.com/',
    params: { utm_source: 'newsletter', utm_medium: 'email' },
    channel: 'email',
    source: 'newsletter',
  },
];

const paidSearch: Case[] = [
  {
    name: 'google / cpc',
    params: { utm_source: 'google', utm_medium: 'cpc' },
    channel: 'paid-search',
    source: 'google',
    medium: 'cpc',
  },
  {
    name: 'bing / cpc',
    params: { utm_source: 'bing', utm_medium: 'cpc' },
    channel: 'paid-search',
    source: 'bing',
  },
  {
    name: 'google / CPC (casing)',
    params: { utm_source: 'Google', utm_medium: 'CPC' },
    channel: 'paid-search',
    source: 'google',
    medium: 'cpc',
  },
  {
    name: 'utm_medium=ppc',
    params: { utm_source: 'google', utm_medium: 'ppc' },
    channel: 'paid-search',
  },
  { name: 'utm_medium=paidsearch', params: { utm_medium: 'paidsearch' }, channel: 'paid-search' },
  { name: 'utm_medium=paid-search', params: { utm_medium: 'paid-search' }, channel: 'paid-search' },
  { name: 'utm_medium=paid_search', params: { utm_medium: 'paid_search' }, channel: 'paid-search' },
  { name: 'utm_medium=sem', params: { utm_medium: 'sem' }, channel: 'paid-search' },
  {
    name: 'cpc without source takes the referrer name',
    referrer: 'https://www.google.de/',
    params: { utm_medium: 'cpc' },
    channel: 'paid-search',
    source: 'google',
  },
];

// Paid social is still social: a social network source beats a paid/organic/referral medium.
const socialCampaigns: Case[] = [
  {
    name: 'facebook / cpc',
    params: { utm_source: 'facebook', utm_medium: 'cpc' },
    channel: 'social',
    source: 'facebook',
    medium: 'cpc',
  },
  {
    name: 'instagram / cpc',
    params: { utm_source: 'instagram', utm_medium: 'cpc' },
    channel: 'social',
  },
  {
    name: 'linkedin / ppc',
    params: { utm_source: 'linkedin', utm_medium: 'ppc' },
    channel: 'social',
  },
  {
    name: 'fb / cpc (alias)',
    params: { utm_source: 'fb', utm_medium: 'cpc' },
    channel: 'social',
    source: 'fb',
  },
  {
    name: 'cpc without source from a facebook referrer',
    referrer: 'https://l.facebook.com/',
    params: { utm_medium: 'cpc' },
    channel: 'social',
    source: 'facebook',
  },
  {
    name: 'facebook / organic',
    params: { utm_source: 'facebook', utm_medium: 'organic' },
    channel: 'social',
  },
  {
    name: 'utm_medium=paid-social',
    params: { utm_source: 'facebook', utm_medium: 'paid-social' },
    channel: 'social',
  },
  { name: 'utm_medium=paidsocial', params: { utm_medium: 'paidsocial' }, channel: 'social' },
  {
    name: 'utm_medium=social',
    params: { utm_source: 'mastodon', utm_medium: 'social' },
    channel: 'social',
    source: 'mastodon',
  },
  { name: 'utm_medium=social-media', params: { utm_medium: 'social-media' }, channel: 'social' },
  {
    name: 'utm_medium=social-network',
    params: { utm_medium: 'social-network' },
    channel: 'social',
  },
  { name: 'utm_medium=sm', params: { utm_medium: 'sm' }, channel: 'social' },
  {
    name: 'utm_medium="Social Media" (space, casing)',
    params: { utm_medium: 'Social Media' },
    channel: 'social',
    medium: 'social media',
  },
  {
    name: 'utm_source=Facebook alone',
    params: { utm_source: 'Facebook' },
    channel: 'social',
    source: 'facebook',
  },
  { name: 'utm_source=ig alone', params: { utm_source: 'ig' }, channel: 'social' },
  {
    name: 'utm_source=l.facebook.com (a host)',
    params: { utm_source: 'l.facebook.com' },
    channel: 'social',
  },
];

const display: Case[] = [
  {
    name: 'utm_medium=display',
    params: { utm_source: 'gdn', utm_medium: 'display' },
    channel: 'display',
    source: 'gdn',
  },
  { name: 'utm_medium=banner', params: { utm_medium: 'banner' }, channel: 'display' },
  { name: 'utm_medium=cpm', params: { utm_medium: 'cpm' }, channel: 'display' },
  { name: 'utm_medium=retargeting', params: { utm_medium: 'retargeting' }, channel: 'display' },
  { name: 'utm_medium=interstitial', params: { utm_medium: 'interstitial' }, channel: 'display' },
  { name: 'utm_medium=expandable', params: { utm_medium: 'expandable' }, channel: 'display' },
];

const organicAndReferral: Case[] = [
  {
    name: 'google / organic',
    params: { utm_source: 'google', utm_medium: 'organic' },
    channel: 'organic-search',
  },
  {
    name: 'utm_source=google alone',
    params: { utm_source: 'google' },
    channel: 'organic-search',
    source: 'google',
    medium: 'organic',
  },
  {
    name: 'utm_source=google.com (a host)',
    params: { utm_source: 'google.com' },
    channel: 'organic-search',
    source: 'google.com',
  },
  { name: 'utm_source=ddg alone', params: { utm_source: 'ddg' }, channel: 'organic-search' },
  {
    name: 'utm_medium=affiliate',
    params: { utm_source: 'awin', utm_medium: 'affiliate' },
    channel: 'referral',
    source: 'awin',
    medium: 'affiliate',
  },
  { name: 'utm_medium=partner', params: { utm_medium: 'partner' }, channel: 'referral' },
  { name: 'utm_medium=referral', params: { utm_medium: 'referral' }, channel: 'referral' },
  {
    name: 'plain external site',
    referrer: 'https://www.heise.de/news/x.html',
    channel: 'referral',
    source: 'heise.de',
    medium: 'referral',
  },
  {
    name: 'external site with port',
    referrer: 'https://blog.example.org:8443/post',
    channel: 'referral',
    source: 'blog.example.org',
  },
  {
    name: 'external IPv4 host',
    referrer: 'http://192.0.2.10/',
    channel: 'referral',
    source: '192.0.2.10',
  },
  {
    name: 'unknown utm_medium with an external referrer',
    referrer: 'https://forum.example.net/',
    params: { utm_medium: 'foo' },
    channel: 'referral',
    medium: 'foo',
  },
];

const offline: Case[] = [
  {
    name: 'utm_medium=qr',
    params: { utm_source: 'trade-fair', utm_medium: 'qr' },
    channel: 'offline',
    source: 'trade-fair',
    medium: 'qr',
  },
  { name: 'utm_medium=print', params: { utm_medium: 'print' }, channel: 'offline' },
  { name: 'utm_medium=poster', params: { utm_medium: 'poster' }, channel: 'offline' },
  { name: 'utm_medium=flyer', params: { utm_medium: 'flyer' }, channel: 'offline' },
  { name: 'utm_medium=direct-mail', params: { utm_medium: 'direct-mail' }, channel: 'offline' },
  { name: 'utm_medium=tv', params: { utm_medium: 'tv' }, channel: 'offline' },
  { name: 'utm_medium=radio', params: { utm_medium: 'radio' }, channel: 'offline' },
  { name: 'utm_medium=ooh', params: { utm_medium: 'OOH' }, channel: 'offline' },
  {
    name: 'cxm_src=qr',
    params: { cxm_src: 'qr' },
    channel: 'offline',
    source: null,
    medium: 'offline',
  },
  {
    name: 'utm_source=qr-code',
    params: { utm_source: 'qr-code', utm_campaign: 'spring' },
    channel: 'offline',
    source: 'qr-code',
  },
  { name: 'utm_source=QRcode (casing)', params: { utm_source: 'QRcode' }, channel: 'offline' },
  { name: 'utm_source=poster', params: { utm_source: 'poster' }, channel: 'offline' },
];

const internalAndDirect: Case[] = [
  {
    name: 'own host',
    referrer: 'https://www.example-shop.de/products',
    channel: 'direct',
    source: null,
    medium: '(none)',
  },
  {
    name: 'own host without www over http',
    referrer: 'http://example-shop.de/',
    channel: 'direct',
    source: null,
  },
  {
    name: 'own subdomain',
    referrer: 'https://blog.example-shop.de/post',
    channel: 'direct',
    source: null,
  },
  { name: 'own host with port', referrer: 'https://www.example-shop.de:443/', channel: 'direct' },
  { name: 'nothing at all', channel: 'direct', source: null, medium: '(none)' },
  { name: 'null referrer', referrer: null, channel: 'direct' },
  { name: 'empty referrer', referrer: '', channel: 'direct' },
  { name: 'whitespace referrer', referrer: '   \t\n', channel: 'direct' },
  { name: 'referrer that is not a URL', referrer: 'not a url', channel: 'direct', source: null },
  {
    name: 'javascript: referrer',
    referrer: 'javascript:alert(document.cookie)',
    channel: 'direct',
  },
  {
    name: 'data: referrer',
    referrer: 'data:text/html,<script>alert(1)</script>',
    channel: 'direct',
  },
  { name: 'ftp: referrer', referrer: 'ftp://ftp.example.org/pub/', channel: 'direct' },
  {
    name: 'android-app: referrer',
    referrer: 'android-app://com.google.android.gm/',
    channel: 'direct',
  },
  { name: 'protocol-relative referrer', referrer: '//www.google.com/', channel: 'direct' },
  { name: 'http:// without a host', referrer: 'http://', channel: 'direct' },
  {
    name: 'referrer of 3000 characters',
    referrer: `https://www.google.com/?q=${'a'.repeat(3000)}`,
    channel: 'direct',
  },
  {
    name: 'binary bytes',
    referrer: '\u0000\u0001\u00ff\ufffd\ud800https://google.com',
    channel: 'direct',
  },
  { name: 'binary bytes in the host', referrer: 'https://goo\u0000gle.com/', channel: 'direct' },
  {
    name: 'bad percent-encoding in the host',
    referrer: 'https://%E0%A4%A.com/',
    channel: 'direct',
  },
  {
    name: 'bad percent-encoding in the path',
    referrer: 'https://www.google.de/%E0%A4%A',
    channel: 'organic-search',
  },
  {
    name: 'unknown utm_medium, no referrer',
    params: { utm_source: 'mystery', utm_medium: 'foo' },
    channel: 'direct',
    source: 'mystery',
    medium: 'foo',
  },
];

// Precedence: click ids > utm_medium > QR markers > utm_source > referrer.
const precedence: Case[] = [
  {
    name: 'utm_medium=email beats a google referrer',
    referrer: 'https://www.google.com/',
    params: { utm_medium: 'email' },
    channel: 'email',
    source: 'google',
  },
  {
    name: 'utm_medium=display beats a facebook referrer',
    referrer: 'https://www.facebook.com/',
    params: { utm_medium: 'display' },
    channel: 'display',
  },
  {
    name: 'gclid beats a facebook referrer',
    referrer: 'https://www.facebook.com/',
    params: { gclid: 'x' },
    channel: 'paid-search',
    source: 'google',
  },
  {
    name: 'gclid beats utm_medium=email',
    params: { gclid: 'x', utm_medium: 'email' },
    channel: 'paid-search',
  },
  {
    name: 'msclkid beats internal navigation',
    referrer: 'https://www.example-shop.de/',
    params: { msclkid: 'x' },
    channel: 'paid-search',
    source: 'bing',
  },
  {
    name: 'utm_source=google beats a facebook referrer',
    referrer: 'https://www.facebook.com/',
    params: { utm_source: 'google' },
    channel: 'organic-search',
    source: 'google',
  },
  {
    name: 'cxm_src=qr beats a facebook referrer',
    referrer: 'https://www.facebook.com/',
    params: { cxm_src: 'qr' },
    channel: 'offline',
  },
  {
    name: 'utm_medium=social beats a QR utm_source',
    params: { utm_source: 'qr', utm_medium: 'social' },
    channel: 'social',
  },
  {
    name: 'unknown utm_source keeps its name over a google referrer',
    referrer: 'https://www.google.de/',
    params: { utm_source: 'spring-sale' },
    channel: 'organic-search',
    source: 'spring-sale',
    medium: 'organic',
  },
  {
    name: 'utm params beat internal navigation',
    referrer: 'https://www.example-shop.de/',
    params: { utm_medium: 'email' },
    channel: 'email',
    source: null,
  },
];

const cases: Case[] = [
  ...searchEngines,
  ...lookalikes,
  ...paidClicks,
  ...social,
  ...webmail,
  ...newsletters,
  ...paidSearch,
  ...socialCampaigns,
  ...display,
  ...organicAndReferral,
  ...offline,
  ...internalAndDirect,
  ...precedence,
];

describe('classifyChannel', () => {
  it('has a large real-world table', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)('$name → $channel', ({ referrer, params, channel, source, medium }) => {
    const result = classify({ referrer, params });
    expect(result.channel).toBe(channel);
    if (source !== undefined) expect(result.source).toBe(source);
    if (medium !== undefined) expect(result.medium).toBe(medium);
    expect(result.reason).not.toBe('');
  });

  it.each([
    [{ referrer: 'https://www.google.de/' }, 'referrer google.de is a search engine'],
    [{ params: { utm_medium: 'Email' } }, 'utm_medium=email'],
    [{ params: { gclid: 'x' } }, 'click id gclid'],
    [
      { referrer: 'https://www.example-shop.de/' },
      'referrer example-shop.de is the site itself (internal navigation)',
    ],
  ])('explains %j as %s', (input, reason) => {
    expect(classify(input).reason).toBe(reason);
  });

  it('caps reported utm values so a crafted URL cannot make them huge', () => {
    const result = classify({ params: { utm_source: 'x'.repeat(100_000), utm_medium: 'email' } });
    expect(result.channel).toBe('email');
    expect(result.source!.length).toBeLessThanOrEqual(256);
  });

  // Callers pass parsed query strings and JSON bodies: arrays, numbers and nulls show up.
  it.each([
    ['null input', null],
    ['undefined input', undefined],
    ['params null', { params: null }],
    ['non-string params', { params: { utm_medium: ['email'], gclid: 1, utm_source: { x: 1 } } }],
    ['non-string referrer', { params: {}, referrer: 42 }],
    [
      'non-array ownHosts',
      { params: {}, referrer: 'https://example.org/', ownHosts: 'example.org' },
    ],
    [
      'non-string ownHosts entries',
      { params: {}, referrer: 'https://example.org/', ownHosts: [null, 7, {}] },
    ],
  ])('treats malformed %s as no information', (_, input) => {
    const result = classifyChannel(input as unknown as TrafficSource);
    expect(CHANNELS).toContain(result.channel);
  });

  it('accepts own hosts given as URLs or with ports', () => {
    const ownHosts = ['https://shop.example.com:8443/', 'LOCALHOST:1337'];
    expect(
      classifyChannel({ params: {}, referrer: 'https://shop.example.com/cart', ownHosts }).channel
    ).toBe('direct');
    expect(
      classifyChannel({ params: {}, referrer: 'http://localhost:1337/admin', ownHosts }).channel
    ).toBe('direct');
    expect(
      classifyChannel({ params: {}, referrer: 'https://example.com/', ownHosts }).channel
    ).toBe('referral');
  });

  const knownKeys = [
    'utm_source',
    'utm_medium',
    'utm_campaign',
    'gclid',
    'dclid',
    'fbclid',
    'msclkid',
    'cxm_src',
  ];
  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.constantFrom('', ' ', 'qr', 'cpc', 'EMAIL')
  );
  const referrerArb = fc.oneof(
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.string({ unit: 'binary' }),
    text.map((s) => `https://${s}`),
    fc.constantFrom(null, undefined, '', 'https://www.google.de/')
  );
  const paramsArb = fc.dictionary(fc.oneof(fc.constantFrom(...knownKeys), fc.string()), text);

  it('never throws and always returns a known channel (property)', () => {
    fc.assert(
      fc.property(
        paramsArb,
        referrerArb,
        fc.array(fc.oneof(fc.domain(), fc.string())),
        (params, referrer, ownHosts) => {
          const result = classifyChannel({ params, referrer, ownHosts });
          expect(CHANNELS).toContain(result.channel);
          expect(typeof result.reason).toBe('string');
        }
      )
    );
  });

  it('never throws on arbitrary values in any field (property)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (params, referrer, ownHosts) => {
        const input = { params, referrer, ownHosts } as unknown as TrafficSource;
        expect(CHANNELS).toContain(classifyChannel(input).channel);
      })
    );
  });

  it('lets a recognised utm_medium beat any referrer (property)', () => {
    fc.assert(
      fc.property(referrerArb, (referrer) => {
        expect(classifyChannel({ params: { utm_medium: 'newsletter' }, referrer }).channel).toBe(
          'email'
        );
      })
    );
  });
});

describe('referrerHost', () => {
  it.each([
    ['https://www.google.co.uk/search?q=x', 'google.co.uk'],
    ['HTTP://WWW.Example.COM:8080/a', 'example.com'],
    ['https://user:pass@news.google.com/', 'news.google.com'],
    ['https://example.com./', 'example.com'],
    ['https://www.com/', 'www.com'],
    ['http://[2001:db8::1]:80/', '[2001:db8::1]'],
    ['  https://t.co/x  ', 't.co'],
    ['https://example.com?x', 'example.com'],
    ['https://example.com#frag', 'example.com'],
  ])('%s → %s', (referrer, host) => {
    expect(referrerHost(referrer)).toBe(host);
  });

  it.each([
    ['empty', ''],
    ['null', null],
    ['undefined', undefined],
    ['not a URL', 'google.com'],
    ['javascript:', 'javascript:void(0)'],
    ['ftp:', 'ftp://example.com/'],
    ['space in host', 'https://exa mple.com/'],
    ['percent in host', 'https://ex%41mple.com/'],
    ['over 2048 characters', `https://example.com/${'x'.repeat(2048)}`],
    ['label over 63 characters', `https://${'a'.repeat(64)}.com/`],
    ['backslash authority', 'https:\\\\evil.com'],
  ])('%s → null', (_, referrer) => {
    expect(referrerHost(referrer)).toBeNull();
  });

  it('never throws and returns lower-case hosts or null (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.webUrl()), (referrer) => {
        const host = referrerHost(referrer);
        if (host !== null) expect(host).toBe(host.toLowerCase());
      })
    );
  });
});
