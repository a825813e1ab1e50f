import Taro from '@tarojs/taro';
import { isRegisteredPage } from './registered-pages';

/* The ways between 客户列表, 客户分群, a segment, the builder and a customer. */

const SEGMENT_PAGE = '/staff/pages/segment/index';
const SEGMENT_BUILDER_PAGE = '/staff/pages/segment-builder/index';
export const SEGMENTS_PAGE = '/staff/pages/segments/index';
const CUSTOMER_PROFILE = '/staff/pages/customer/index';
const MEMBER_DETAIL = '/staff/pages/member/index';

const withId = (page: string, id: string) => `${page}?id=${encodeURIComponent(id)}`;

/** A saved segment's page: its count and members. */
export function openSegment(segmentId: string): void {
  void Taro.navigateTo({ url: withId(SEGMENT_PAGE, segmentId) });
}

/** The same, in place of the page shown (the builder once a new segment is saved). */
export function replaceWithSegment(segmentId: string): void {
  void Taro.redirectTo({ url: withId(SEGMENT_PAGE, segmentId) });
}

/** The builder: a new segment, or the saved one `segmentId`. */
export function openSegmentBuilder(segmentId?: string): void {
  void Taro.navigateTo({ url: segmentId ? withId(SEGMENT_BUILDER_PAGE, segmentId) : SEGMENT_BUILDER_PAGE });
}

/** Opens 客户画像, or 会员详情 in a build without the profile page. */
export function openCustomer(member: { memberId: string }): void {
  const page = isRegisteredPage(CUSTOMER_PROFILE) ? CUSTOMER_PROFILE : MEMBER_DETAIL;
  void Taro.navigateTo({ url: withId(page, member.memberId) });
}
